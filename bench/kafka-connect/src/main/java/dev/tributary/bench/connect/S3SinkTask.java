package dev.tributary.bench.connect;

import io.aiven.kafka.connect.common.grouper.RecordGrouper;
import io.aiven.kafka.connect.common.grouper.RecordGrouperFactory;
import io.aiven.kafka.connect.common.output.OutputWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Aiven's S3 sink flow: put() groups records by file name (Aiven's RecordGrouper, which also splits at
 * file.max.records); flush(), called by the worker every offset.flush.interval.ms before it commits the
 * offsets, writes each group as one object and forgets them. A failed write fails the flush, so the
 * worker does not commit and the records are delivered again.
 */
public final class S3SinkTask extends SinkTask {
  private S3SinkConfig config;
  private RecordGrouper grouper;
  private S3Client s3;

  @Override
  public void start(final Map<String, String> properties) {
    config = new S3SinkConfig(properties);
    grouper = RecordGrouperFactory.newRecordGrouper(config);
    s3 =
        S3Client.builder()
            .endpointOverride(URI.create(config.endpoint()))
            .region(Region.of(config.region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())))
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build())
            .build();
  }

  @Override
  public void put(final Collection<SinkRecord> records) {
    for (final SinkRecord record : records) {
      grouper.put(record);
    }
  }

  @Override
  public void flush(final Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      for (final Map.Entry<String, List<SinkRecord>> file : grouper.records().entrySet()) {
        write(file.getKey(), file.getValue());
      }
    } finally {
      grouper.clear();
    }
  }

  private void write(final String name, final List<SinkRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputWriter writer =
        OutputWriter.builder()
            .withCompressionType(config.getCompressionType())
            .withExternalProperties(config.originalsStrings())
            .withOutputFields(config.getOutputFields())
            .withEnvelopeEnabled(config.envelopeEnabled())
            .build(bytes, config.getFormatType())) {
      writer.writeRecords(records);
    } catch (final IOException e) {
      throw new ConnectException("could not encode " + name, e);
    }
    final String key = config.prefix() + name;
    try {
      s3.putObject(
          PutObjectRequest.builder().bucket(config.bucket()).key(key).build(),
          RequestBody.fromBytes(bytes.toByteArray()));
    } catch (final SdkException e) {
      throw new ConnectException("could not write s3://" + config.bucket() + "/" + key, e);
    }
  }

  @Override
  public void stop() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Override
  public String version() {
    return S3SinkConnector.VERSION;
  }
}
