package dev.rowgate.testing;

import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Database;
import dev.rowgate.store.Stores;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of the contract tests: every test method of a subclass runs once on SQLite and once on PostgreSQL, each
 * against a fresh, migrated database of its own (one per class and dialect).
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(Dialect.class)
public abstract class BothDatabases {

    protected static TestDb testDb;

    @Parameter
    protected Dialect dialect;

    @BeforeParameterizedClassInvocation
    static void createDatabase(Dialect dialect) {
        testDb = TestDb.create(dialect);
    }

    @AfterParameterizedClassInvocation
    static void dropDatabase() {
        if (testDb != null) testDb.close();
        testDb = null;
    }

    protected Database db() {
        return testDb.open();
    }

    protected Stores stores() {
        return testDb.stores();
    }
}
