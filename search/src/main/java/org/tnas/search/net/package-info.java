/**
 * A plain-Java description of a trained feed-forward ReLU network ({@link
 * org.tnas.search.net.NetworkWeights} with its {@link org.tnas.search.net.Layer}s), the hand-off
 * format between the DJL trainer and the TTFS mapper, with binary serialisation and a reference
 * forward pass ({@link org.tnas.search.net.ReluNetwork}). No DJL, no Spark. Abbreviation used: MAC
 * = multiply-accumulate.
 */
package org.tnas.search.net;
