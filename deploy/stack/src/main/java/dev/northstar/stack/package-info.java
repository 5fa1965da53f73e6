/**
 * The local stack behind {@code ./northstar}: the four services started as processes from their packaged jars on
 * the embedded infrastructure ({@link dev.northstar.stack.LocalStack}, {@link dev.northstar.stack.ServiceProcess}), the
 * command line ({@link dev.northstar.stack.Northstar}), an optional Prometheus, and what tools read from a running
 * stack ({@link dev.northstar.stack.Probe}).
 */
package dev.northstar.stack;
