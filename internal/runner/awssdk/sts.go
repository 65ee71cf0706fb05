package awssdk

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// roleSessionName names the sessions stepd opens when it assumes a Task's
// role (it shows in CloudTrail as the caller).
const roleSessionName = "stepd"

// clientSet returns the clients for role: stepd's own credentials for "",
// else credentials from STS AssumeRole (at aws.endpoints.sts), made with
// stepd's own credentials, cached and refreshed before they expire.
func (r *Runner) clientSet(role string) (*clientSet, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.roles[role]; ok {
		return s, nil
	}
	stsClient := services["sts"].newClient(r.base, r.cfg.endpoint("sts"), false).(*sts.Client)
	cfg := r.base.Copy()
	cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(stsClient, role, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = roleSessionName
	}))
	s := &clientSet{cfg: cfg, clients: map[string]any{}}
	r.roles[role] = s
	return s, nil
}
