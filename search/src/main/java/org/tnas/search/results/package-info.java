/**
 * Result tables of the search: {@link org.tnas.search.results.ResultTable} (one Arrow IPC row per
 * evaluation, the columns of SEARCH.md, written atomically with {@link
 * org.tnas.formats.fs.HadoopFiles}) and the evaluation protocols' aggregation ({@link
 * org.tnas.search.results.FoldAggregation}: mean and standard deviation over Spiking-FER folds or
 * SEE test passes). Abbreviations: WAR, UAR, SynOps.
 */
package org.tnas.search.results;
