using Mainstay.Cli;
using Mainstay.Hosting;

// mainstay: one executable, many subcommands (serve, users, audit, ...). See README.md.
try
{
    return await MainstayCli.Build().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (SettingsException e)
{
    // A setting in the environment that cannot be used: say which and why, without a stack trace.
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
