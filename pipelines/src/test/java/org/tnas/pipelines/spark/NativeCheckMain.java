package org.tnas.pipelines.spark;

import org.tnas.formats.errors.ProjectException;

/** Runs one native-library check in a fresh JVM for {@code PreflightNativeTest}; prints its message. */
public final class NativeCheckMain {
  private NativeCheckMain() {}

  public static void main(String[] args) {
    try {
      if (args[0].equals("pytorch")) {
        Preflight.checkPyTorch();
      } else {
        Preflight.checkVideoLibraries();
      }
      System.out.println("loaded");
    } catch (ProjectException e) {
      System.out.println(e.code() + ": " + e.getMessage());
      System.exit(2);
    }
  }
}
