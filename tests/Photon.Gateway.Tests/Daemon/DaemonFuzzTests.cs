using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Daemon;

/// <summary>Random bytes, invalid UTF-8 and broken JSON at the real socket: every request gets an answer and the daemon keeps serving.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DaemonFuzzTests(GatewayFixture fixture)
{
    [Fact]
    public void Garbage_lines_each_get_an_error_and_a_ping_after_them_is_answered()
    {
        var lineGen = Gen.Elements<byte>((byte)'{', (byte)'}', (byte)'"', (byte)':', (byte)'t', 0xC3, 0xFF, 0x00, (byte)' ', (byte)'[')
            .ArrayOf()
            .Where(bytes => bytes.Any(b => b != (byte)' ') && !bytes.Contains((byte)'\n'));
        Prop.ForAll(lineGen.ListOf().ToArbitrary(), lines =>
        {
            return Task.Run(async () =>
            {
                await using var client = await DaemonTestClient.ConnectAsync(fixture.Gateway.SocketPath());
                var stream = lines.SelectMany(line => line.Append((byte)'\n')).ToArray();
                await client.SendBytesAsync(stream);
                await client.SendLineAsync("""{"type":"ping","id":"after-garbage"}""");
                foreach (var _ in lines)
                {
                    var answer = await client.ReadJsonAsync();
                    if (answer.GetProperty("type").GetString() != "error")
                    {
                        return false;
                    }
                }

                return await client.ReadLineAsync() == """{"type":"pong","id":"after-garbage"}""";
            }).GetAwaiter().GetResult();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }
}
