/**
 * The connectors' entities (Hibernate Reactive, tables owned by Flyway): a tenant's settings of a source, every
 * version of its mapping, and the failures an admin must look at.
 */
package dev.northstar.ingest.connect.entity;
