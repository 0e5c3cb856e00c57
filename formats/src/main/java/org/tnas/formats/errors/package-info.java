/**
 * The error taxonomy of the project: one {@link org.tnas.formats.errors.ProjectException} carrying
 * a domain {@link org.tnas.formats.errors.ErrorCode} whose {@link org.tnas.formats.errors.ErrorType}
 * tells whether a failure may be retried. Event readers throw only
 * {@link org.tnas.formats.errors.EventFormatException}.
 */
package org.tnas.formats.errors;
