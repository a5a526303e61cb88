namespace Iot.City; internal static class Placeholder { }
