using Photon.Cli;

return await CliApplication.RunAsync(args, CliConsole.FromProcess(), handleSignals: true).ConfigureAwait(false);
