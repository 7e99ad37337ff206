"""Baseline (b) of bench/sink: Spark Structured Streaming, Kafka -> Parquet on S3 (the original design).

Reads every record of a topic (availableNow trigger: all data present at start, then stop), parses the
same typed columns the bronze sink writes for github.events.matched, keeps the raw JSON and the Kafka
metadata, and writes Hive-partitioned (dt, hr) ZSTD Parquet to s3a://<bucket>/spark/<topic>/.
Prints one JSON line: {"records": N, "seconds": S, "steadyRecordsPerSecond": R} (R: the micro-batches
after the first, so without the query's warm-up).
"""
import glob
import json
import os
import sys
import time

from pyspark.sql import SparkSession, functions as F, types as T


def main() -> None:
    topic, bucket, jars_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    brokers = os.environ["TRIBUTARY_KAFKA_BROKERS"]
    endpoint = os.environ["TRIBUTARY_S3_ENDPOINT"]
    spark = (
        SparkSession.builder.appName("tributary-spark-baseline")
        .master("local[2]")
        .config("spark.jars", ",".join(sorted(glob.glob(os.path.join(jars_dir, "*.jar")))))
        .config("spark.driver.memory", "2g")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.parquet.compression.codec", "zstd")
        .config("spark.hadoop.fs.s3a.endpoint", endpoint)
        .config("spark.hadoop.fs.s3a.path.style.access", "true")
        .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
        .config("spark.hadoop.fs.s3a.access.key", os.environ["AWS_ACCESS_KEY_ID"])
        .config("spark.hadoop.fs.s3a.secret.key", os.environ["AWS_SECRET_ACCESS_KEY"])
        .config("spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    event = T.StructType(
        [
            T.StructField("id", T.StringType()),
            T.StructField("type", T.StringType()),
            T.StructField("created_at", T.StringType()),
            T.StructField("actor", T.StructType([T.StructField("login", T.StringType())])),
            T.StructField("repo", T.StructType([T.StructField("id", T.LongType()), T.StructField("name", T.StringType())])),
            T.StructField("public", T.BooleanType()),
        ]
    )
    schema = T.StructType(
        [
            T.StructField("event", event),
            T.StructField("keywords", T.ArrayType(T.StringType())),
            T.StructField("keyword_list_version", T.StringType()),
        ]
    )
    source = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", brokers)
        .option("subscribe", topic)
        .option("startingOffsets", "earliest")
        .option("maxOffsetsPerTrigger", "200000")
        .load()
    )
    raw = F.col("value").cast("string")
    parsed = F.from_json(raw, schema)
    created = F.to_timestamp(parsed["event"]["created_at"])
    rows = source.select(
        parsed["event"]["id"].alias("event_id"),
        parsed["event"]["type"].alias("event_type"),
        created.alias("created_at"),
        parsed["event"]["actor"]["login"].alias("actor_login"),
        parsed["event"]["repo"]["id"].alias("repo_id"),
        parsed["event"]["repo"]["name"].alias("repo_name"),
        parsed["event"]["public"].alias("is_public"),
        parsed["keywords"].alias("keywords"),
        parsed["keyword_list_version"].alias("keyword_list_version"),
        raw.alias("_raw"),
        F.col("topic").alias("_kafka_topic"),
        F.col("partition").cast("long").alias("_kafka_partition"),
        F.col("offset").alias("_kafka_offset"),
        F.col("timestamp").alias("_kafka_timestamp"),
        F.current_timestamp().alias("_ingested_at"),
        F.date_format(created, "yyyy-MM-dd").alias("dt"),
        F.date_format(created, "HH").alias("hr"),
    )
    started = time.time()
    query = (
        rows.writeStream.format("parquet")
        .option("path", f"s3a://{bucket}/spark/{topic}/")
        .option("checkpointLocation", f"s3a://{bucket}/spark/_checkpoints/{topic}/")
        .partitionBy("dt", "hr")
        .trigger(availableNow=True)
        .start()
    )
    query.awaitTermination()
    seconds = time.time() - started
    batches = [progress for progress in query.recentProgress if progress["numInputRows"] > 0]
    records = sum(progress["numInputRows"] for progress in batches)
    # Steady rate: the micro-batches after the first (which carries the query's warm-up).
    later = batches[1:]
    later_ms = sum(progress["durationMs"]["triggerExecution"] for progress in later)
    steady = sum(progress["numInputRows"] for progress in later) / (later_ms / 1000) if later_ms else None
    print(json.dumps({"records": records, "seconds": seconds, "steadyRecordsPerSecond": steady}))
    spark.stop()


if __name__ == "__main__":
    main()
