using Iot.Access;

namespace Iot.Dashboard.Security;

/// <summary>Who is looking at this circuit (scoped: one per browser tab). Every read and action of the pages takes it.</summary>
public interface ICurrentViewer
{
    Task<Viewer> GetAsync();
}
