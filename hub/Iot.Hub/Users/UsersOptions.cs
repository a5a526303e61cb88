namespace Iot.Hub.Users;

/// <summary>The <c>Users</c> configuration section.</summary>
public sealed class UsersOptions
{
    public const string SectionName = "Users";

    /// <summary>With <c>--demo</c>, create the demo users (<see cref="DemoUsers"/>) when they are absent.</summary>
    public bool CreateDemoUsers { get; set; } = true;

    /// <summary>How long a dashboard sign-in lasts without activity (sliding), in minutes.</summary>
    [System.ComponentModel.DataAnnotations.Range(5, 7 * 24 * 60)]
    public int SessionMinutes { get; set; } = 480;
}
