package org.tnas.formats.shards;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@code counting://}, counting every byte its input streams
 * return: proves through the real Hadoop API that random access reads only part of a shard.
 * Register with {@link #configure(Configuration)}.
 */
public final class CountingFileSystem extends RawLocalFileSystem {
  static final AtomicLong BYTES_READ = new AtomicLong();
  static final AtomicLong OPENS = new AtomicLong();

  static Configuration configure(Configuration conf) {
    conf.set("fs.counting.impl", CountingFileSystem.class.getName());
    conf.setBoolean("fs.counting.impl.disable.cache", true);
    return conf;
  }

  static Path path(java.nio.file.Path local) {
    return new Path("counting://" + local.toAbsolutePath().toUri().getPath());
  }

  @Override
  public String getScheme() {
    return "counting";
  }

  @Override
  public URI getUri() {
    return URI.create("counting:///");
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    FSDataInputStream inner = super.open(f, bufferSize);
    OPENS.incrementAndGet();
    return new FSDataInputStream(new Counting(inner));
  }

  private static final class Counting extends FSInputStream {
    private final FSDataInputStream in;

    Counting(FSDataInputStream in) {
      this.in = in;
    }

    @Override
    public void seek(long pos) throws IOException {
      in.seek(pos);
    }

    @Override
    public long getPos() throws IOException {
      return in.getPos();
    }

    @Override
    public boolean seekToNewSource(long targetPos) throws IOException {
      return in.seekToNewSource(targetPos);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        BYTES_READ.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        BYTES_READ.addAndGet(n);
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
