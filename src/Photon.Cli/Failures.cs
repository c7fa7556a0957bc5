using System.Net.Http;
using System.Net.Sockets;
using Photon.Channels;

namespace Photon.Cli;

/// <summary>Turns what a broker or the gateway threw into the CLI's exit codes and one line that says where it tried.</summary>
internal static class Failures
{
    /// <summary>
    /// A broker failure as a <see cref="CliException"/>: <see cref="ExitCodes.Unreachable"/> when nothing answered
    /// at the address, <see cref="ExitCodes.Refused"/> when the server answered no.
    /// </summary>
    /// <param name="doing">What was being done, e.g. "publishing to board:x".</param>
    /// <param name="where">The transport and address, e.g. "http at http://127.0.0.1:8080/publish".</param>
    public static CliException FromBroker(Exception exception, string doing, string where) => IsUnreachable(exception)
        ? new CliException(ExitCodes.Unreachable, $"{doing} failed: cannot reach {where}: {Innermost(exception).Message}", exception)
        : new CliException(ExitCodes.Refused, $"{doing} failed: {where} refused: {exception.Message}", exception);

    /// <summary>Whether the failure was not being able to connect (or no answer in time), as opposed to an answer that said no.</summary>
    public static bool IsUnreachable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SocketException or TimeoutException or OperationCanceledException:
                case HttpRequestException { HttpRequestError: not HttpRequestError.Unknown and not HttpRequestError.InvalidResponse }:
                case StackExchange.Redis.RedisConnectionException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="exception"/> is one a broker throws for a failed request.</summary>
    public static bool IsBrokerFailure(Exception exception) =>
        exception is ChannelBrokerException or HttpRequestException or SocketException or IOException
            or StackExchange.Redis.RedisException or TimeoutException;

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }
}
