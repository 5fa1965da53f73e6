/**
 * The insights API: create, search (Japanese and English substrings, within a time budget), retag, tag trends.
 */
package dev.northstar.knowledge.rest;
