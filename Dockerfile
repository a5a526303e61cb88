# The hub, built with the .NET SDK and run on the ASP.NET Core runtime. docker-compose.yml builds and runs it.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The dashboard's build runs `npm ci` for its browser libraries (Leaflet): the SDK image has no Node.js.
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm \
    && rm -rf /var/lib/apt/lists/*
# Restore from the project files alone, so an edit to the sources reuses the restore layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY contracts/Iot.Contracts/Iot.Contracts.csproj contracts/Iot.Contracts/
COPY hub/Iot.City/Iot.City.csproj hub/Iot.City/
COPY access/Iot.Access/Iot.Access.csproj access/Iot.Access/
COPY hub/Iot.Hub/Iot.Hub.csproj hub/Iot.Hub/
COPY dashboard/Iot.Dashboard/Iot.Dashboard.csproj dashboard/Iot.Dashboard/
COPY simulators/Iot.Simulation/Iot.Simulation.csproj simulators/Iot.Simulation/
RUN dotnet restore hub/Iot.Hub/Iot.Hub.csproj
COPY contracts/ contracts/
COPY access/ access/
COPY hub/ hub/
COPY dashboard/ dashboard/
COPY simulators/Iot.Simulation/ simulators/Iot.Simulation/
COPY cities/ cities/
RUN dotnet publish hub/Iot.Hub/Iot.Hub.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# The monthly PDF reports draw their text with an installed TrueType font (DejaVu Sans; see hub/Iot.Hub/Indicators/README.md).
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The data directory (hub.db, and telemetry.db with the SQLite store) belongs to the image's non-root user; a new
# named volume mounted there inherits that ownership.
RUN mkdir /data && chown "$APP_UID" /data
USER $APP_UID
# Urls, not ASPNETCORE_URLS: appsettings.json sets Urls, and it wins over ASPNETCORE_-prefixed variables.
ENV Urls=http://+:5080 \
    Storage__DataDir=/data
EXPOSE 5080 1883
VOLUME /data
# The image has no curl: the hub probes itself (exit 0 when /healthz answers 200).
HEALTHCHECK --interval=15s --timeout=10s --start-period=20s --retries=3 \
    CMD ["dotnet", "Iot.Hub.dll", "healthcheck", "http://127.0.0.1:5080/healthz"]
ENTRYPOINT ["dotnet", "Iot.Hub.dll"]
