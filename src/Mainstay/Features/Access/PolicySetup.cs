using Microsoft.AspNetCore.Authorization;

namespace Mainstay.Features.Access;

public static class PolicySetup
{
    public static AuthorizationBuilder AddMainstayPolicies(this AuthorizationBuilder builder)
    {
        foreach (var (policy, roles) in Policies.RolesFor)
        {
            builder.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        return builder;
    }
}
