/**
 * What the four services share over HTTP: problem+json for every error ({@code Problem}, {@code ProblemMappers},
 * the 413 of {@code BodyLimitProblem}), the tenant from the token ({@code Tenants}), the refusal of a production start
 * without issuer, key and audience ({@code TokenSettingsCheck}), the per-tenant rate limit, request sanity, readiness
 * and lag as metrics.
 */
package dev.northstar.common;
