/**
 * Result tables of the search: {@link org.tnas.search.results.ResultTable} (one Arrow IPC row per
 * evaluation, the columns of SEARCH.md), atomic file writes on Hadoop file systems ({@link
 * org.tnas.search.results.HadoopFiles}) and the evaluation protocols' aggregation ({@link
 * org.tnas.search.results.FoldAggregation}: mean and standard deviation over Spiking-FER folds or
 * SEE test passes). Abbreviations: WAR, UAR, SynOps.
 */
package org.tnas.search.results;
