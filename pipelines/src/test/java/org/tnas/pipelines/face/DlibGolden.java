package org.tnas.pipelines.face;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * dlib's own results (C++, Debian libdlib-dev 19.24) on frames of the shared videos, from
 * src/test/resources/golden/dlib/landmarks.txt (written by tools/dlib-golden/make_golden.sh).
 */
record DlibGolden(String video, int frame, FaceBox box, int[] points) {
  static List<DlibGolden> all() {
    List<DlibGolden> rows = new ArrayList<>();
    try (InputStream in = DlibGolden.class.getResourceAsStream("/golden/dlib/landmarks.txt");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] fields = line.trim().split(" ");
        String name = fields[0];
        int underscore = name.lastIndexOf('_');
        String video = name.substring(0, underscore) + ".mp4";
        int frame = Integer.parseInt(name.substring(underscore + 1, name.indexOf('.')));
        FaceBox box = new FaceBox(Integer.parseInt(fields[1]), Integer.parseInt(fields[2]), Integer.parseInt(fields[3]),
            Integer.parseInt(fields[4]));
        int[] points = new int[136];
        for (int i = 0; i < 136; i++) {
          points[i] = Integer.parseInt(fields[5 + i]);
        }
        rows.add(new DlibGolden(video, frame, box, points));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
