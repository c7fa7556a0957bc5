using Photon.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPhotonGateway();

var app = builder.Build();
app.MapPhotonGateway();
app.Run();
