/**
 * Arrow event shards: a sharded, manifest-described, checksummed store of labelled event samples
 * on any Hadoop file system ({@code file://}, {@code hdfs://}, {@code s3a://} with hadoop-aws).
 *
 * <h2>Layout of a shard set (one directory)</h2>
 *
 * <pre>
 * dir/manifest.json                      the commit point: lists every visible shard
 * dir/part-&lt;writerId&gt;-&lt;sequence&gt;.arrow     one Arrow IPC file per shard
 * dir/_temporary/&lt;writerId&gt;/...           shards being written (never read)
 * </pre>
 *
 * <h2>Layout of one shard</h2>
 *
 * A shard is an Arrow IPC <em>file</em> (random-access format) whose record batches hold only the
 * four canonical event columns {@code x:int16, y:int16, t:int64 (us), p:int8} of {@link
 * org.tnas.formats.events.EventSchema}, so any Arrow implementation reads the whole shard as one
 * table. A sample is a contiguous run of record batches (none for an empty sample), and a sample
 * never spans two shards. The schema metadata carries {@code tnas.schema.version}; the Arrow
 * <em>footer</em> custom metadata carries {@code tnas.shard.writer} and {@code tnas.shard.samples},
 * a JSON array with one entry per sample: its {@link org.tnas.formats.samples.SampleRecord}, sensor
 * geometry, event and ON counts, timestamp range, and first batch index and batch count. The
 * manifest repeats these entries, so a reader finds a sample's shard without opening any shard and
 * then reads only that sample's record batches (plus the footer).
 *
 * <h2>Commit protocol</h2>
 *
 * {@link org.tnas.formats.shards.ShardSetWriter} writes each shard under {@code _temporary} and
 * renames it into the directory when it is complete; {@link
 * org.tnas.formats.shards.Manifest#commit} then writes {@code manifest.json} the same way. Readers
 * ({@link org.tnas.formats.shards.ShardDataset}) see exactly the shards the manifest lists; files
 * of crashed or aborted writers are never listed and so never read.
 *
 * <p>Entry points: {@link org.tnas.formats.shards.ShardSetWriter}, {@link
 * org.tnas.formats.shards.Manifest}, {@link org.tnas.formats.shards.ShardDataset}, {@link
 * org.tnas.formats.shards.ShardFile}. See docs/shards.md.
 */
package org.tnas.formats.shards;
