namespace Iot.Hub.Users;

/// <summary>A user could not be created or changed as asked; <see cref="Field"/> names what is wrong (name, role, operator, password).</summary>
public sealed class UserRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
