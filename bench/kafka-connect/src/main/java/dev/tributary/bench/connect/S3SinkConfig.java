package dev.tributary.bench.connect;

import io.aiven.kafka.connect.common.config.AivenCommonConfig;
import io.aiven.kafka.connect.common.config.CompressionType;
import io.aiven.kafka.connect.common.config.OutputFieldType;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The sink's settings: Aiven's common file and format settings (format.output.*, file.*), and the S3
 * target under the names Aiven's S3 sink uses (aws.s3.*, aws.access.key.id, aws.secret.access.key).
 */
final class S3SinkConfig extends AivenCommonConfig {
  static final String BUCKET = "aws.s3.bucket.name";
  static final String PREFIX = "aws.s3.prefix";
  static final String ENDPOINT = "aws.s3.endpoint";
  static final String REGION = "aws.s3.region";
  static final String PATH_STYLE = "aws.s3.path.style.access.enabled";
  static final String ACCESS_KEY_ID = "aws.access.key.id";
  static final String SECRET_ACCESS_KEY = "aws.secret.access.key";

  S3SinkConfig(final Map<String, String> properties) {
    super(definition(), properties);
  }

  static ConfigDef definition() {
    final ConfigDef definition =
        new ConfigDef()
            .define(BUCKET, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                Importance.HIGH, "Bucket the files are written to.")
            .define(PREFIX, Type.STRING, "", Importance.MEDIUM, "Prefix of every object key.")
            .define(ENDPOINT, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                Importance.HIGH, "S3 endpoint URL, e.g. http://127.0.0.1:9000 for MinIO.")
            .define(REGION, Type.STRING, "us-east-1", Importance.MEDIUM, "S3 region.")
            .define(PATH_STYLE, Type.BOOLEAN, false, Importance.MEDIUM,
                "Path-style requests (bucket in the path), as MinIO on loopback needs.")
            .define(ACCESS_KEY_ID, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                "Access key id.")
            .define(SECRET_ACCESS_KEY, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                "Secret access key.")
            .define(FILE_NAME_TEMPLATE_CONFIG, Type.STRING, null, Importance.MEDIUM,
                "Object name template (after the prefix); defaults to Aiven's {{topic}}-{{partition}}-{{start_offset}}.")
            .define(FILE_MAX_RECORDS, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "Most records in one file; 0: no limit.")
            .define(FILE_NAME_TIMESTAMP_TIMEZONE, Type.STRING, "UTC", Importance.LOW,
                "Time zone of the {{timestamp}} template variable.")
            .define(FILE_NAME_TIMESTAMP_SOURCE, Type.STRING, "wallclock", Importance.LOW,
                "Source of the {{timestamp}} template variable: wallclock or event.");
    // Also defines format.output.type.
    addOutputFieldsFormatConfigGroup(definition, OutputFieldType.VALUE);
    addCompressionTypeConfig(definition, CompressionType.GZIP);
    addKafkaBackoffPolicy(definition);
    return definition;
  }

  String bucket() {
    return getString(BUCKET);
  }

  String prefix() {
    return getString(PREFIX);
  }

  String endpoint() {
    return getString(ENDPOINT);
  }

  String region() {
    return getString(REGION);
  }

  boolean pathStyle() {
    return getBoolean(PATH_STYLE);
  }

  String accessKeyId() {
    return getPassword(ACCESS_KEY_ID).value();
  }

  String secretAccessKey() {
    return getPassword(SECRET_ACCESS_KEY).value();
  }
}
