/**
 * Where Flowmeter's data lives: the embedded PostgreSQL default (or an external server), the two data
 * sources (the schema owner for Liquibase and JobRunr's table creation, the non-owning runtime role for
 * everything else) and JobRunr's storage in the same database.
 */
@NullMarked
package io.flowmeter.database;

import org.jspecify.annotations.NullMarked;
