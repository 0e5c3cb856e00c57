package org.tnas.formats.io;

import java.util.Arrays;

/**
 * A bounds-checked decoder of LZ4 frames (the LZ4 frame format, v1.6) into one contiguous buffer.
 *
 * <p>Written here because DV writes AEDAT4 packets as frames with <em>linked</em> blocks (a block
 * may copy from the previous 64 KiB), which {@code net.jpountz.lz4.LZ4FrameInputStream} rejects.
 * Decoding all blocks of a packet into one array makes linked and independent blocks the same
 * case. Checksums (header, block, content) are skipped, not verified; corrupt data is still caught
 * by the bounds checks and by the flatbuffer checks that follow. Concatenated and skippable frames
 * are accepted. Stateless and thread safe.
 */
final class Lz4Frames {
  private static final int MAGIC = 0x184D2204;
  private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
  private static final int SKIPPABLE = 0x184D2A50;

  private Lz4Frames() {}

  /** Result of a decode: the (possibly reallocated) buffer and the decoded length. */
  record Output(byte[] buffer, int length) {}

  /**
   * Decodes {@code src[0..length)} into {@code dest} (grown as needed up to {@code maximum}).
   *
   * @throws IllegalArgumentException with an "Invalid LZ4 ..." message on corrupt input
   */
  static Output decode(byte[] src, int length, byte[] dest, int maximum) {
    int ip = 0;
    int op = 0;
    byte[] out = dest;
    boolean sawFrame = false;
    while (ip < length) {
      int magic = readInt(src, ip, length, "frame magic");
      ip += 4;
      if ((magic & SKIPPABLE_MASK) == SKIPPABLE) {
        long skip = readInt(src, ip, length, "skippable frame size") & 0xFFFFFFFFL;
        ip += 4;
        if (skip > length - ip) {
          throw new IllegalArgumentException("Invalid LZ4 skippable frame: size " + skip + " beyond the data");
        }
        ip += (int) skip;
        continue;
      }
      if (magic != MAGIC) {
        throw new IllegalArgumentException(String.format("Invalid LZ4 frame magic: 0x%08X, expected 0x%08X", magic, MAGIC));
      }
      sawFrame = true;
      int flags = readByte(src, ip++, length, "frame flags");
      readByte(src, ip++, length, "block descriptor");
      if ((flags >>> 6) != 1) {
        throw new IllegalArgumentException("Invalid LZ4 frame version: " + (flags >>> 6) + ", expected 1");
      }
      boolean blockChecksum = (flags & 0x10) != 0;
      boolean contentSize = (flags & 0x08) != 0;
      boolean contentChecksum = (flags & 0x04) != 0;
      boolean dictionary = (flags & 0x01) != 0;
      if (dictionary) {
        throw new IllegalArgumentException("Invalid LZ4 frame: external dictionaries are not supported");
      }
      ip += (contentSize ? 8 : 0) + 1; // optional content size, then the header checksum byte
      while (true) {
        int blockSize = readInt(src, ip, length, "block size");
        ip += 4;
        if (blockSize == 0) {
          break; // end mark
        }
        boolean stored = blockSize < 0;
        int size = blockSize & 0x7FFFFFFF;
        if (size > length - ip) {
          throw new IllegalArgumentException("Invalid LZ4 block size: " + size + " beyond the " + (length - ip) + " bytes left");
        }
        if (stored) {
          out = room(out, op, size, maximum);
          System.arraycopy(src, ip, out, op, size);
          op += size;
        } else {
          Output block = decodeBlock(src, ip, ip + size, out, op, maximum);
          out = block.buffer();
          op = block.length();
        }
        ip += size + (blockChecksum ? 4 : 0);
      }
      ip += contentChecksum ? 4 : 0;
      if (ip > length) {
        throw new IllegalArgumentException("Invalid LZ4 frame: checksum beyond the data");
      }
    }
    if (!sawFrame) {
      throw new IllegalArgumentException("Invalid LZ4 data: no frame");
    }
    return new Output(out, op);
  }

  /** Decodes one LZ4 block {@code src[ip..end)} appending at {@code out[op]}; matches may reach back into earlier output. */
  private static Output decodeBlock(byte[] src, int ip, int end, byte[] out, int op, int maximum) {
    while (ip < end) {
      int token = src[ip++] & 0xFF;
      int literals = token >>> 4;
      if (literals == 15) {
        int b;
        do {
          if (ip >= end) {
            throw new IllegalArgumentException("Invalid LZ4 block: literal length runs past the block");
          }
          b = src[ip++] & 0xFF;
          literals += b;
          if (literals > maximum) {
            throw new IllegalArgumentException("Invalid LZ4 block: literal length above " + maximum);
          }
        } while (b == 255);
      }
      if (literals > end - ip) {
        throw new IllegalArgumentException("Invalid LZ4 block: " + literals + " literals, " + (end - ip) + " bytes left");
      }
      out = room(out, op, literals, maximum);
      System.arraycopy(src, ip, out, op, literals);
      ip += literals;
      op += literals;
      if (ip == end) {
        break; // the last sequence carries literals only
      }
      if (end - ip < 2) {
        throw new IllegalArgumentException("Invalid LZ4 block: truncated match offset");
      }
      int offset = (src[ip] & 0xFF) | (src[ip + 1] & 0xFF) << 8;
      ip += 2;
      if (offset == 0 || offset > op) {
        throw new IllegalArgumentException("Invalid LZ4 match offset: " + offset + " with " + op + " bytes decoded");
      }
      int match = token & 15;
      if (match == 15) {
        int b;
        do {
          if (ip >= end) {
            throw new IllegalArgumentException("Invalid LZ4 block: match length runs past the block");
          }
          b = src[ip++] & 0xFF;
          match += b;
          if (match > maximum) {
            throw new IllegalArgumentException("Invalid LZ4 block: match length above " + maximum);
          }
        } while (b == 255);
      }
      match += 4;
      out = room(out, op, match, maximum);
      int from = op - offset;
      if (offset >= match) {
        System.arraycopy(out, from, out, op, match);
      } else {
        // overlapping copy: the bytes from 'from' repeat with period 'offset'; copy in growing runs
        int copied = 0;
        while (copied < match) {
          int n = Math.min(match - copied, offset + copied);
          System.arraycopy(out, from, out, op + copied, n);
          copied += n;
        }
      }
      op += match;
    }
    return new Output(out, op);
  }

  private static byte[] room(byte[] out, int op, int extra, int maximum) {
    long needed = (long) op + extra;
    if (needed > maximum) {
      throw new IllegalArgumentException("Invalid LZ4 data: decompresses to more than " + maximum + " bytes");
    }
    if (needed <= out.length) {
      return out;
    }
    return Arrays.copyOf(out, (int) Math.min(maximum, Math.max(needed, 2L * out.length)));
  }

  private static int readInt(byte[] b, int at, int length, String what) {
    if (at < 0 || at + 4 > length) {
      throw new IllegalArgumentException("Invalid LZ4 data: truncated " + what);
    }
    return (int) ByteSource.INT_LE.get(b, at);
  }

  private static int readByte(byte[] b, int at, int length, String what) {
    if (at >= length) {
      throw new IllegalArgumentException("Invalid LZ4 data: truncated " + what);
    }
    return b[at] & 0xFF;
  }
}
