using Mainstay.Cli;

// mainstay: one executable, many subcommands (serve, users, audit, ...). See README.md.
return await MainstayCli.Build().Parse(args).InvokeAsync();
