using System.Text;
using Photon.Grains.History;
using Photon.Grains.Tests.Helpers;

namespace Photon.Grains.Tests.History;

public sealed class ChannelHistoryTests
{
    private static byte[] Payload(int i) => Encoding.UTF8.GetBytes($"m{i}");

    private static string[] Read(ChannelHistory history, long after, int max = 1000) =>
        history.ReadAfter(after, max)?.Select(Encoding.UTF8.GetString).ToArray() ?? ["<gap>"];

    [Fact]
    public void It_keeps_the_most_recent_messages_up_to_the_count()
    {
        var history = new ChannelHistory(maxCount: 3, TimeSpan.FromHours(1), long.MaxValue, new ManualTimeProvider());
        for (var i = 1; i <= 5; i++)
        {
            history.Append(Payload(i));
        }

        Assert.Equal(3, history.FirstSequence);
        Assert.Equal(6, history.NextSequence);
        Assert.Equal(["m3", "m4", "m5"], Read(history, 2));
        Assert.Equal(["m5"], Read(history, 4));
        Assert.Equal([], Read(history, 5));
        Assert.Equal(["<gap>"], Read(history, 1));
    }

    [Fact]
    public void It_drops_messages_older_than_the_age_limit()
    {
        var time = new ManualTimeProvider();
        var history = new ChannelHistory(100, TimeSpan.FromMinutes(1), long.MaxValue, time);
        history.Append(Payload(1));
        time.Advance(TimeSpan.FromSeconds(40));
        history.Append(Payload(2));
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(["m2"], Read(history, 1));
        Assert.Equal(["<gap>"], Read(history, 0));
    }

    [Fact]
    public void It_drops_the_oldest_messages_beyond_the_byte_limit()
    {
        var history = new ChannelHistory(100, TimeSpan.FromHours(1), maxBytes: 5, new ManualTimeProvider());
        for (var i = 1; i <= 4; i++)
        {
            history.Append(Payload(i));
        }

        Assert.Equal(4, history.Bytes);
        Assert.Equal(["m3", "m4"], Read(history, 2));
    }

    [Fact]
    public void Reads_are_limited_to_the_requested_count_and_stay_consecutive_across_compaction()
    {
        var history = new ChannelHistory(10, TimeSpan.FromHours(1), long.MaxValue, new ManualTimeProvider());
        for (var i = 1; i <= 1000; i++)
        {
            history.Append(Payload(i));
        }

        Assert.Equal(["m991", "m992"], Read(history, 990, max: 2));
        Assert.Equal(10, history.Count);
    }
}
