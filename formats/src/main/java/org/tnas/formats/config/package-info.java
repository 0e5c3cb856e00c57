/**
 * Typed, strict, layered configuration shared by every job: {@link
 * org.tnas.formats.config.ConfigKey} declares a key with its default and documentation next to it,
 * {@link org.tnas.formats.config.StrictConfig} resolves CLI &gt; --conf &gt; file &gt; defaults and
 * rejects unknown keys at start-up.
 */
package org.tnas.formats.config;
