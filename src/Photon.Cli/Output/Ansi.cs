namespace Photon.Cli.Output;

/// <summary>The few SGR escape sequences the CLI colours with, or nothing when colour is off.</summary>
internal sealed class Ansi(bool enabled)
{
    public static readonly Ansi None = new(false);

    public string Dim(string text) => Wrap("2", text);

    public string Bold(string text) => Wrap("1", text);

    public string Cyan(string text) => Wrap("36", text);

    public string Yellow(string text) => Wrap("33", text);

    public string Magenta(string text) => Wrap("35", text);

    public string Green(string text) => Wrap("32", text);

    private string Wrap(string code, string text) => enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
