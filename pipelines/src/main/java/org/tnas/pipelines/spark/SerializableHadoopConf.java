package org.tnas.pipelines.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * Ships a Hadoop {@link Configuration} (file system settings, credentials providers) from the
 * driver to executors. Hadoop's Configuration is Writable but not Serializable.
 */
public final class SerializableHadoopConf implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private transient Configuration configuration;

  public SerializableHadoopConf(Configuration configuration) {
    this.configuration = configuration;
  }

  public Configuration get() {
    return configuration;
  }

  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    configuration.write(out);
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    configuration = new Configuration(false);
    configuration.readFields(in);
  }
}
