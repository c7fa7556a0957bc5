using Photon.Grains.Statistics;
using Photon.Grains.Tests.Helpers;

namespace Photon.Grains.Tests.Statistics;

public sealed class PublishRateTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);

    [Fact]
    public void The_rate_is_the_growth_since_the_newest_sample_a_window_old()
    {
        var time = new ManualTimeProvider();
        var rate = new PublishRate(TimeSpan.FromSeconds(10), time);
        Assert.Equal(0, rate.Sample(0));

        // 20 messages in the first 2 s: 10/s since the only older sample.
        time.Advance(Tick);
        Assert.Equal(10, rate.Sample(20));

        // Steady 10/s for 12 s more: the base is the newest sample at least 10 s old.
        for (var sequence = 40; sequence <= 140; sequence += 20)
        {
            time.Advance(Tick);
            Assert.Equal(10, rate.Sample(sequence));
        }
    }

    [Fact]
    public void The_rate_is_exactly_zero_once_a_whole_window_passes_without_a_publish()
    {
        var time = new ManualTimeProvider();
        var rate = new PublishRate(TimeSpan.FromSeconds(10), time);
        rate.Sample(0);
        time.Advance(Tick);
        rate.Sample(30);

        var seen = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            time.Advance(Tick);
            seen.Add(rate.Sample(30));
        }

        Assert.All(seen.Take(4), r => Assert.True(r > 0));
        Assert.Equal(0, seen[^1]);
    }
}
