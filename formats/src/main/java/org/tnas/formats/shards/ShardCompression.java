package org.tnas.formats.shards;

/**
 * Compression of the Arrow buffers inside a shard. Only {@link #NONE} exists: Arrow Java's LZ4 and
 * Zstandard codecs live in the separate arrow-compression module, which Spark does not ship, and not
 * every Arrow implementation decompresses IPC body buffers (the cross-implementation check of CI
 * reads shards with the JavaScript implementation). The enum keeps the option explicit in {@link
 * ShardWriterOptions} so that adding a codec later is not an incompatible API change.
 */
public enum ShardCompression {
  /** Uncompressed buffers, readable by every Arrow implementation. */
  NONE
}
