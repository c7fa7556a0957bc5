using System.Text.Json;
using Photon.Channels;
using Photon.Channels.Emit;

namespace Photon.Channels.Tests.Emit;

public sealed class ChannelEmitterTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_705_500_000_000);

    [Theory]
    [InlineData("updates", "kanban:updates")]
    [InlineData("board:x", "board:x")]
    public async Task A_channel_without_a_colon_is_put_under_the_component(string channel, string expected)
    {
        var broker = new RecordingBroker();
        var emitter = new ChannelEmitter("kanban", broker, timeProvider: new FixedTime(Now));

        Assert.True(await emitter.EmitAsync(channel, data: JsonDocument.Parse("""{"taskId":"1"}""").RootElement));

        var message = Assert.Single(broker.Published);
        Assert.Equal(expected, message.Channel);
        Assert.Equal("message", message.Event);
        Assert.Equal(Now.ToUnixTimeMilliseconds(), message.Timestamp);
        Assert.Equal("kanban", message.Source);
        Assert.Equal("""{"taskId":"1"}""", message.Data.GetRawText());
    }

    [Fact]
    public async Task The_event_name_is_used_when_given()
    {
        var broker = new RecordingBroker();
        await new ChannelEmitter("kanban", broker).EmitAsync("board:x", "task-moved");
        Assert.Equal("task-moved", Assert.Single(broker.Published).Event);
    }

    [Fact]
    public async Task Emitting_never_throws_even_when_the_broker_does()
    {
        var broker = new RecordingBroker { Failure = new ChannelBrokerException("down") };
        Assert.False(await new ChannelEmitter("kanban", broker).EmitAsync("board:x", "e"));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A broker that records what it is given: the contract of Emit is about what it hands the broker.</summary>
    private sealed class RecordingBroker : IChannelBroker
    {
        public List<ChannelMessage> Published { get; } = [];

        public Exception? Failure { get; init; }

        public string Type => "recording";

        public bool IsConnected => true;

        public ValueTask<ChannelPosition?> PublishAsync(ChannelMessage message, CancellationToken cancellationToken = default)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            Published.Add(message);
            return ValueTask.FromResult<ChannelPosition?>(null);
        }

        public ValueTask<IChannelSubscription> SubscribeAsync(string channel, ChannelMessageHandler handler, ChannelSubscribeOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
