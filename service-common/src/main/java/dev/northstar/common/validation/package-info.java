/**
 * Declarative request validation: the constraints every API shares ({@code Identifier}, {@code KpiId},
 * {@code GrainName}, {@code PageSize}), request bodies read into records and validated ({@code RequestBodies}), and
 * violations as problems named by JSON pointer ({@code Violations}).
 */
package dev.northstar.common.validation;
