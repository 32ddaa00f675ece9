using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Mainstay.Data;

/// <summary>Used by <c>dotnet ef migrations add</c> only.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMainstayDb>
{
    public SqliteMainstayDb CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<SqliteMainstayDb>();
        o.UseSqlite("Data Source=design-time.db");
        return new SqliteMainstayDb(o.Options);
    }
}

/// <summary>Used by <c>dotnet ef migrations add</c> only; no server is contacted.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMainstayDb>
{
    public PostgresMainstayDb CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<PostgresMainstayDb>();
        o.UseNpgsql("Host=localhost;Database=mainstay_design");
        return new PostgresMainstayDb(o.Options);
    }
}
