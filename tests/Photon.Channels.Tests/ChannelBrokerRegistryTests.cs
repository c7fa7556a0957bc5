using Photon.Channels;
using Photon.Channels.Daemon;
using Photon.Channels.Http;
using Photon.Channels.NoOp;
using Photon.Channels.Redis;

namespace Photon.Channels.Tests;

public sealed class ChannelBrokerRegistryTests
{
    private static ChannelBrokerRegistry Registry(Dictionary<string, string> environment, bool daemonSocket = false) =>
        new(name => environment.GetValueOrDefault(name), daemonSocketExists: _ => daemonSocket);

    [Fact]
    public void The_built_in_types_are_registered()
    {
        Assert.Equal(["noop", "daemon", "redis", "http"], Registry([]).RegisteredTypes);
    }

    [Fact]
    public void With_nothing_configured_the_noop_broker_is_chosen()
    {
        Assert.IsType<NoOpBroker>(Registry([]).Get());
    }

    [Fact]
    public void PHOTON_CHANNEL_HTTP_URL_selects_the_http_broker()
    {
        Assert.IsType<HttpBroker>(Registry(new() { ["PHOTON_CHANNEL_HTTP_URL"] = "http://127.0.0.1:1/publish" }).Get());
    }

    [Fact]
    public void An_explicit_type_wins_over_everything_else()
    {
        var registry = Registry(new() { ["PHOTON_CHANNEL_BROKER"] = "noop", ["PHOTON_CHANNEL_HTTP_URL"] = "http://127.0.0.1:1/publish" });
        Assert.IsType<NoOpBroker>(registry.Get());
    }

    [Fact]
    public void An_unknown_explicit_type_is_an_error_naming_the_available_types()
    {
        var error = Assert.Throws<ArgumentException>(() => Registry(new() { ["PHOTON_CHANNEL_BROKER"] = "kafka" }).Get());
        Assert.StartsWith("Unknown broker type: kafka. Available types: noop, daemon, redis, http", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detection_follows_the_documented_order_and_skips_types_not_registered()
    {
        var environment = new Dictionary<string, string>
        {
            ["REDIS_URL"] = "redis://127.0.0.1:6379",
            ["PHOTON_CHANNEL_HTTP_URL"] = "http://127.0.0.1:1/publish",
            ["CF_ACCOUNT_ID"] = "acct",
        };
        var registry = Registry(environment, daemonSocket: true);
        Assert.IsType<RedisBroker>(registry.Detect());
        environment["PHOTON_REDIS_URL"] = "redis://127.0.0.1:6380";
        Assert.IsType<RedisBroker>(registry.Detect());
        environment.Remove("PHOTON_REDIS_URL");

        // Types that are not registered are skipped: cloudflare, until someone registers it.
        environment.Remove("REDIS_URL");
        Assert.IsType<HttpBroker>(registry.Detect());
        environment.Remove("PHOTON_CHANNEL_HTTP_URL");
        Assert.IsType<DaemonBroker>(registry.Detect());
        registry.Register("cloudflare", _ => new NamedBroker("cloudflare"));
        Assert.Equal("cloudflare", registry.Detect().Type);
        environment["REDIS_URL"] = "redis://127.0.0.1:6379";
        Assert.IsType<RedisBroker>(registry.Detect());
        environment.Remove("REDIS_URL");
        environment.Remove("CF_ACCOUNT_ID");
        Assert.IsType<DaemonBroker>(registry.Detect());
        environment["PHOTON_DAEMON_ENABLED"] = "false";
        Assert.Equal("noop", registry.Detect().Type);
    }

    [Fact]
    public void The_daemon_is_chosen_only_when_its_socket_exists()
    {
        Assert.IsType<NoOpBroker>(Registry([], daemonSocket: false).Detect());
        Assert.IsType<DaemonBroker>(Registry([], daemonSocket: true).Detect());
    }

    [Fact]
    public void A_detected_broker_that_fails_to_initialise_is_skipped()
    {
        var registry = Registry(new() { ["PHOTON_CHANNEL_HTTP_URL"] = "not a url" });
        Assert.IsType<NoOpBroker>(registry.Get());
    }

    [Fact]
    public void Get_detects_once_and_caches_until_cleared_and_Set_overrides()
    {
        var environment = new Dictionary<string, string>();
        var registry = Registry(environment);
        var first = registry.Get();
        environment["PHOTON_CHANNEL_HTTP_URL"] = "http://127.0.0.1:1/publish";
        Assert.Same(first, registry.Get());

        registry.Clear();
        Assert.IsType<HttpBroker>(registry.Get());

        var custom = new NamedBroker("custom");
        registry.Set(custom);
        Assert.Same(custom, registry.Get());
    }

    [Fact]
    public void Create_passes_options_to_the_factory()
    {
        var registry = Registry([]);
        var broker = registry.Create("http", new HttpBrokerOptions { PublishUrl = new Uri("http://127.0.0.1:1/publish") });
        Assert.Equal("http", broker.Type);
        Assert.Throws<InvalidOperationException>(() => registry.Create("http", "wrong options"));
    }

    private sealed class NamedBroker(string type) : IChannelBroker
    {
        public string Type => type;

        public bool IsConnected => true;

        public ValueTask<ChannelPosition?> PublishAsync(ChannelMessage message, CancellationToken cancellationToken = default) => ValueTask.FromResult<ChannelPosition?>(null);

        public ValueTask<IChannelSubscription> SubscribeAsync(string channel, ChannelMessageHandler handler, ChannelSubscribeOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
