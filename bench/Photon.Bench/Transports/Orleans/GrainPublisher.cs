using System.Buffers;
using Photon.Channels.Wire;
using Photon.Grains.Contracts;

namespace Photon.Bench.Transports.Orleans;

/// <summary>Normalises each message as the gateway's publisher does, then calls the channel's grain.</summary>
internal sealed class GrainPublisher(IClusterClient client) : IMessagePublisher
{
    public async Task PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var normalized = new ArrayBufferWriter<byte>(message.Length + 32);
        if (!ChannelMessageJson.TryNormalize(message.Span, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), normalized, out _, out _, out var error))
        {
            throw new InvalidOperationException($"the benchmark message was refused: {error.Message}");
        }

        await client.GetGrain<IChannelGrain>(channel).PublishAsync(normalized.WrittenSpan.ToArray());
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
