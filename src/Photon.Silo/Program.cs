using Photon.Grains.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddPhotonEnvironmentVariables();
builder.UseOrleans(silo => silo.UsePhotonClustering(builder.Configuration).AddPhotonChannels(builder.Configuration));

await builder.Build().RunAsync();
