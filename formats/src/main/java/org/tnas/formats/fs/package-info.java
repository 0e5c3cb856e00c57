/**
 * Files on any Hadoop file system, the one place for the plumbing every layer needs: atomic
 * write-then-rename with one error shape, whole-file reads, an existence check, and a read-only
 * seekable channel ({@link org.tnas.formats.fs.HadoopFiles}, {@link
 * org.tnas.formats.fs.HadoopInputChannel}). Failures are {@link
 * org.tnas.formats.errors.ProjectException}s with code {@code IO_FAILURE} (an external error) and
 * a message "Cannot &lt;action&gt;: &lt;path&gt;: &lt;cause&gt;".
 */
package org.tnas.formats.fs;
