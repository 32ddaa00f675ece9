using Mainstay.Features.Dosing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Tests.Storage;

/// <summary>
/// What a refused row was refused for. "Someone wrote the same thing at the same moment" (a unique index) is answered as a
/// conflict; any other constraint (a foreign key, NOT NULL) is a defect and must not be passed off as one, least of all as
/// "this dose was already given".
/// </summary>
public sealed class ConstraintFailureTests
{
    [Fact]
    public void Only_a_unique_index_or_primary_key_counts_as_written_at_the_same_moment()
    {
        using var connection = new SqliteConnection("Data Source=:memory:;Foreign Keys=True");
        connection.Open();
        Run(connection, """
            CREATE TABLE "Orders" ("Id" INTEGER PRIMARY KEY);
            CREATE TABLE "Dispenses" ("Id" INTEGER PRIMARY KEY, "Slot" TEXT UNIQUE, "IdempotencyKey" TEXT UNIQUE, "Nurse" TEXT NOT NULL,
                "OrderId" INTEGER REFERENCES "Orders" ("Id"));
            INSERT INTO "Orders" VALUES (1);
            INSERT INTO "Dispenses" VALUES (1, 'a', 'k', 'nurse', 1);
            """);

        var slot = Refused(connection, """INSERT INTO "Dispenses" VALUES (2, 'a', 'k2', 'nurse', 1)""");
        var key = Refused(connection, """INSERT INTO "Dispenses" VALUES (2, 'b', 'k', 'nurse', 1)""");
        var primaryKey = Refused(connection, """INSERT INTO "Dispenses" VALUES (1, 'c', 'k3', 'nurse', 1)""");
        var notNull = Refused(connection, """INSERT INTO "Dispenses" VALUES (2, 'd', 'k4', NULL, 1)""");
        var foreignKey = Refused(connection, """INSERT INTO "Dispenses" VALUES (2, 'e', 'k5', 'nurse', 99)""");

        Assert.True(DosingWindow.IsUniqueViolation(slot));
        Assert.True(DosingWindow.IsUniqueViolation(key));
        Assert.True(DosingWindow.IsUniqueViolation(primaryKey));
        Assert.False(DosingWindow.IsUniqueViolation(notNull));
        Assert.False(DosingWindow.IsUniqueViolation(foreignKey));

        // Which index: the dose's slot was taken (the patient was dosed), or only the request's key was (they were not).
        Assert.True(DosingWindow.IsKeyReused(key));
        Assert.False(DosingWindow.IsKeyReused(slot));
        Assert.False(DosingWindow.IsKeyReused(notNull));
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The statement's failure as EF reports a refused save.</summary>
    private static DbUpdateException Refused(SqliteConnection connection, string sql)
    {
        var failure = Assert.Throws<SqliteException>(() => Run(connection, sql));
        return new DbUpdateException("The database refused a row: " + failure.Message, failure);
    }
}
