package dev.tributary.bench.connect;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/** Hands every task the connector's settings; Connect spreads the topic's partitions over the tasks. */
public final class S3SinkConnector extends SinkConnector {
  static final String VERSION = "1";

  private Map<String, String> properties = Map.of();

  @Override
  public void start(final Map<String, String> properties) {
    // Fails the connector at start, not in every task, when a setting is wrong.
    new S3SinkConfig(properties);
    this.properties = Map.copyOf(properties);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return S3SinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(final int maxTasks) {
    return Collections.nCopies(maxTasks, properties);
  }

  @Override
  public void stop() {
    // Nothing to release: the tasks hold the S3 clients.
  }

  @Override
  public ConfigDef config() {
    return S3SinkConfig.definition();
  }

  @Override
  public String version() {
    return VERSION;
  }
}
