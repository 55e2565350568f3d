"""Write templates/identity/*.yaml: STS, Organizations and cross-account access lessons of Part K.

Not reviewed in the spec; checked against AWS before bundling:

* AssumeRole returns temporary credentials (15 minutes to 12 hours for a role session; the notes' "up to 1
  hour" is the default), checked against the role's trust policy;
* SCPs restrict member accounts, including their root users, but never the management account or
  service-linked roles; an SCP attached to the management account has no effect;
* the management account is drawn inside the Root OU, as the console shows it.

Run ``/work/venv/bin/python templates/tools/build_identity_templates.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from template_kit import Template, run  # noqa: E402
from vpc_layout import box, col, leaf, row  # noqa: E402

OUT = Path(__file__).resolve().parents[1]
#: The main Active Directory ports (DNS, Kerberos, LDAP, SMB, LDAPS), admitted by the directory's group.
AD_PORTS = (53, 88, 389, 445, 636)


def k7_assume_role() -> Template:
    t = Template("identity/sts_assume_role", "STS AssumeRole, in one account and across accounts",
                 "A user calls STS AssumeRole; STS checks the role's trust policy and returns temporary credentials "
                 "(one hour by default). Inside one account it adds a deliberate step before risky actions; across "
                 "accounts (development to production) no long-term credentials are shared.",
                 "## Security Token Service (STS) Overview, lines 5938-5973", ["identity", "sts", "iam"],
                 suppress=())
    t.layout(
        box("acc_dev", "account", "Development account", leaf("user", "iam_user", "developer"),
            leaf("role_same", "iam_role", "ec2-delete-role", trust=["user"]), flow="col"),
        col(box("global", "global", "AWS global services", leaf("sts", "sts", "AWS STS"), leaf("iam", "iam", "IAM"),
                flow="col"), align="center"),
        box("acc_prod", "account", "Production account", leaf("role_x", "iam_role", "UpdateApp role",
                                                             trust=["acc_dev"]),
            leaf("res", "s3_bucket", "production bucket"), flow="col"))
    t.only(1, "role_same")
    t.only(2, "acc_prod", "role_x", "res")
    t.rel("user", "sts", "AssumeRole(ec2-delete-role)", only=1)
    t.rel("user", "sts", "AssumeRole(UpdateApp)", only=2, edge_id="user~sts#x")
    t.rel("sts", "iam", "trust policy check")
    t.rel("sts", "user", "temporary credentials")
    t.rel("user", "res", "acts as UpdateApp", only=2)
    t.stage("Same account", "The developer assumes ec2-delete-role only when about to delete instances: a deliberate "
            "step with short-lived credentials.")
    t.stage("Cross-account", "The production role trusts the development account; the developer assumes it and "
            "acts on production resources with credentials that expire.")
    return t


def k10_organizations() -> Template:
    t = Template("identity/organizations_scp", "AWS Organizations with OUs and SCPs",
                 "A management account with member accounts arranged in OUs under the Root: consolidated billing, "
                 "pooled reservations and volume discounts. SCPs, inherited down the tree, restrict every user and "
                 "role of member accounts (their root users too), but never the management account.",
                 "## Organization - Overview, lines 6107-6183", ["identity", "organizations", "scp"], suppress=())
    t.layout(box(
        "org", "organization", "Organization",
        box("root_ou", "ou", "Root",
            row(box("master", "account", "Management account", management=True),
                box("acc_log", "account", "Logging account"), gap=40),
            row(box("ou_prod", "ou", "Prod", box("acc_prod1", "account", "Prod account 1"),
                    box("ou_hr", "ou", "HR", box("acc_hr", "account", "HR account")), flow="col"),
                box("ou_dev", "ou", "Dev", box("acc_dev1", "account", "Dev account 1")), gap=40),
            flow="col", gap=32),
        col(leaf("scp_full", "scp", "FullAWSAccess", attached_to=["root_ou"], effect="allow", actions=["*"]),
            leaf("scp_emr", "scp", "Deny EMR", attached_to=["ou_prod"], effect="deny", actions=["elasticmapreduce:*"]),
            gap=40)))
    for account in ("acc_prod1", "acc_hr", "acc_dev1"):
        t.rel(account, "acc_log", "CloudTrail logs")
    t.rel("master", "acc_prod1", "OrganizationAccountAccessRole")
    t.rel("master", "acc_dev1", "OrganizationAccountAccessRole")
    t.stage("Accounts in OUs", "Prod and the nested HR OU inherit 'Deny EMR'; Dev does not. The management account "
            "is never restricted by SCPs.", passes=("identity.scp_on_master",))
    t.variant("SCP on the management account", "It would have no effect there.",
              overrides={"scp_emr": {"props": {"attached_to": ["master"]}}}, exhibits=("identity.scp_on_master",))
    return t


def k11_role_vs_policy() -> Template:
    t = Template("identity/role_vs_resource_policy", "Cross-account S3 access: assume a role or use a bucket policy",
                 "Assuming a role in account B gives up account A's permissions, so the user could not scan a table "
                 "in A at the same time. A bucket policy in B that allows the user of A lets the user keep A's "
                 "permissions and still write to B's bucket. S3, SNS and SQS support such resource policies.",
                 "## IAM - Advanced: IAM Roles vs Resource Based Policies, lines 6235-6254",
                 ["identity", "iam", "s3", "multi-account"], suppress=())
    t.layout(
        box("accA", "account", "Account A", leaf("user", "iam_user", "user A"), leaf("ddb", "dynamodb_table",
                                                                                 "table in A"), flow="col"),
        box("accB", "account", "Account B", leaf("role_b", "iam_role", "role in B", trust=["accA"]),
            leaf("bucket", "s3_bucket", "bucket in B", bucket_policy="Allow user A s3:PutObject"), flow="col"))
    t.only(1, "role_b")
    t.rel("user", "role_b", "sts:AssumeRole", only=1)
    t.rel("role_b", "bucket", "PutObject", only=1)
    t.rel("user", "ddb", "Scan: not while assumed", only=1, edge_id="user~ddb#1")
    t.rel("user", "ddb", "Scan", only=2)
    t.rel("user", "bucket", "PutObject (bucket policy)", only=2)
    t.stage("Assume a role in B", "While acting as the role in B the user has only that role's permissions: the "
            "table in A is out of reach.")
    t.stage("Bucket policy in B", "The bucket policy admits user A directly, so the user keeps A's permissions and "
            "can copy from the table to the bucket in one job.")
    return t


def k9_directory_services() -> Template:
    from build_vpc_templates import dc, ec2, region, route, rt, sg, tcp
    from vpc_layout import az, stack, subnet, vpc

    t = Template("identity/directory_services", "AWS Directory Services: Managed AD, AD Connector, Simple AD",
                 "AWS Managed Microsoft AD runs AD in AWS (two domain controllers in two AZs) with its own users "
                 "and MFA, and can hold a two-way forest trust with the on-premises AD. AD Connector is a proxy "
                 "that sends every sign-in to the on-premises AD, where the users stay. Simple AD is a standalone "
                 "AD-compatible directory that cannot join or trust an on-premises AD. The on-premises link is a "
                 "Site-to-Site VPN (proposed; Direct Connect works too).",
                 "## Directory Services - Overview, lines 6068-6105", ["identity", "directory-service", "hybrid"],
                 suppress=(("avail.single_instance_spof", "the instance stands for the domain-joined fleet"),
                           ("avail.single_az", "the instance stands for the domain-joined fleet")))

    def directory(node_id: str, label: str, kind: str) -> object:
        return leaf(node_id, "directory_service", label, type=kind, subnets=["priv_a", "priv_b"],
                    security_groups=["dir_sg"])

    t.layout(
        dc("dc", "On-premises", ["192.168.0.0/16"], leaf("onprem_ad", "active_directory", "on-premises AD"),
           leaf("cgw", "customer_gateway", "Customer gateway", ip="203.0.113.10", bgp_asn=65000)),
        col(leaf("vpn", "vpn_connection", "Site-to-Site VPN", customer_gateway="cgw", gateway="vgw", bgp=True)),
        region("reg", "us-east-1", vpc(
            "vpc", "directory-vpc",
            [az("az_a", "us-east-1a", subnet("priv_a", "private a", "10.0.16.0/20", "private",
                                             ec2("ec2", "domain-joined Windows EC2", ["app_sg"]),
                                             stack(directory("managed_ad", "AWS Managed Microsoft AD", "managed_ad"),
                                                   directory("connector", "AD Connector (proxy)", "ad_connector"),
                                                   directory("simple_ad", "Simple AD", "simple_ad")))),
             az("az_b", "us-east-1b", subnet("priv_b", "private b (second DC)", "10.0.32.0/20", "private"))],
            plumbing=[leaf("vgw", "vgw", "Virtual private gateway", asn=64512),
                      rt("rt_priv", "private route table", [route("192.168.0.0/16", "vgw", propagated=True)],
                         ["priv_a", "priv_b"]),
                      sg("app_sg", "app-sg"),
                      sg("dir_sg", "directory-sg", *[tcp(p, sg="app_sg") for p in AD_PORTS],
                         *[tcp(p, "192.168.0.0/16") for p in AD_PORTS])],
            cidr="10.0.0.0/16")))
    t.only((1, 2), "dc", "onprem_ad", "cgw", "vpn")
    t.only(1, "managed_ad")
    t.only(2, "connector")
    t.only(3, "simple_ad")
    t.rel("cgw", "vpn", "IPsec", only=(1, 2))
    t.rel("vpn", "vgw", "2 tunnels", only=(1, 2))
    t.rel("managed_ad", "onprem_ad", "two-way forest trust", only=1)
    t.rel("connector", "onprem_ad", "proxies every sign-in", only=2)
    t.rel("simple_ad", "onprem_ad", "join attempt", only=(), edge_id="simple_ad~onprem_ad")
    t.rel("ec2", "managed_ad", "domain join", only=1)
    t.rel("ec2", "connector", "domain join (via proxy)", only=2)
    t.rel("ec2", "simple_ad", "domain join", only=3)
    t.stage("AWS Managed Microsoft AD", "Users can live in AWS or on-premises: the trust lets each side's users "
            "sign in to the other's resources, and the directory survives an AZ failure.")
    t.stage("AD Connector", "Nothing is stored in AWS: the connector forwards each sign-in to the on-premises "
            "domain controllers over the VPN.", passes=("IAM-DIR-001",))
    t.stage("Simple AD", "A small standalone directory for AWS-only workloads: cheap, but no trust with any "
            "on-premises AD.", passes=("identity.simple_ad_trust",))
    t.variant("Simple AD joined to the on-premises AD", "Simple AD cannot join or trust another AD: use Managed "
              "AD or AD Connector.", stage=3, show=("dc", "onprem_ad", "simple_ad~onprem_ad"),
              exhibits=("identity.simple_ad_trust",))
    return t


def k12_sso_ad() -> Template:
    t = Template("identity/sso_ad", "AWS SSO (IAM Identity Center) with Active Directory across accounts and apps",
                 "AWS SSO, now IAM Identity Center, connects to the corporate AD (through AD Connector or AWS "
                 "Managed Microsoft AD) and gives employees one portal to every account of the Organization and to "
                 "SAML 2.0 business applications (Dropbox, Office 365, Slack), with permissions managed centrally "
                 "and audited in CloudTrail. Without it, every account needs its own SAML trust with a self-managed "
                 "identity provider portal.",
                 "## AWS Single Sign On (SSO) - Overview, lines 6341-6375", ["identity", "sso", "active-directory"],
                 suppress=())
    t.layout(
        col(leaf("user", "user", "employee browser"),
            box("dc", "corporate_dc", "On-premises", leaf("ad", "active_directory", "on-premises AD"),
                leaf("idp_portal", "third_party_idp", "self-managed IdP portal (ADFS)"), flow="col"), gap=48),
        box("org", "organization", "AWS Organization", leaf("sso", "sso", "IAM Identity Center portal"),
            col(box("acc1", "account", "account 1"), box("acc2", "account", "account 2"), gap=24), flow="row"),
        col(box("global", "global", "AWS global services", leaf("sts", "sts", "STS AssumeRoleWithSAML")),
            leaf("apps", "third_party_idp", "SaaS apps (SAML 2.0)"), gap=48), gap=80)
    t.only(1, "sso", "apps")
    t.only(2, "idp_portal", "global", "sts")
    t.rel("sso", "ad", "directory (AD Connector)", only=1)
    t.rel("user", "sso", "one sign-in", only=1)
    for target in ("acc1", "acc2", "apps"):
        t.rel("sso", target, "federated access", only=1)
    t.rel("user", "idp_portal", "sign in", only=2)
    t.rel("idp_portal", "ad", "verify", only=2)
    t.rel("idp_portal", "sts", "SAML assertion (via the browser), per account", only=2)
    t.rel("sts", "acc1", "credentials", only=2)
    t.rel("sts", "acc2", "credentials (another trust)", only=2)
    t.stage("One portal for everything", "The employee signs in once with the AD password and picks an account "
            "and role, or a business application, from the portal.")
    t.stage("Without SSO: a SAML trust per account", "The same employee goes through a self-managed portal and a "
            "separate SAML trust and role for every account; adding an account means another trust.")
    return t


def k8_federation() -> Template:
    from vpc_layout import stack

    t = Template("identity/federation", "Identity federation flavours",
                 "Users outside AWS get temporary role credentials instead of IAM users. SAML 2.0: the corporate "
                 "IdP checks the user against LDAP and returns an assertion, which the client trades with STS "
                 "AssumeRoleWithSAML (or posts to the AWS sign-in URL for the console). ADFS is the same flow. A "
                 "custom identity broker (for a non-SAML IdP) decides the permissions itself and calls AssumeRole "
                 "or GetFederationToken. Web identity federation lets an app trade a Google or Facebook token with "
                 "AssumeRoleWithWebIdentity, which AWS discourages; Cognito identity pools do it for app users. "
                 "The console sign-in URL has no node of its own; it is the label of the SAML edge.",
                 "## Identity Federation & Cognito, lines 5975-6066", ["identity", "federation", "saml", "sts"],
                 suppress=())
    t.layout(
        leaf("client", "user", "client app / browser"),
        col(box("corp", "corporate_dc", "Organisation (on-premises)",
                stack(leaf("idp", "third_party_idp", "SAML 2.0 IdP"), leaf("adfs", "third_party_idp", "ADFS"),
                      leaf("broker", "on_prem_server", "custom identity broker")),
                leaf("ldap", "active_directory", "LDAP / identity store"), flow="col"),
            leaf("web_idp", "third_party_idp", "Google / Facebook / Amazon login"), gap=64),
        box("aws", "account", "AWS account", leaf("sts", "sts", "STS"),
            leaf("cip", "cognito_identity_pool", "Cognito identity pool", authenticated_role="s3_role"),
            leaf("s3_role", "iam_role", "federated role (S3)"), leaf("s3", "s3_bucket", "target S3 bucket"),
            flow="col"), gap=96)
    t.only((1, 2, 3), "corp", "ldap")
    t.only(1, "idp")
    t.only(2, "adfs")
    t.only(3, "broker")
    t.only((4, 5), "web_idp")
    t.only(5, "cip")
    t.rel("client", "idp", "authenticate", only=1)
    t.rel("idp", "ldap", "verify", only=1)
    t.rel("client", "adfs", "authenticate", only=2)
    t.rel("adfs", "ldap", "verify", only=2)
    t.rel("client", "sts", "AssumeRoleWithSAML (console: sign-in URL)", only=(1, 2), edge_id="client~sts#saml")
    t.rel("client", "broker", "authenticate", only=3)
    t.rel("broker", "ldap", "verify", only=3)
    t.rel("broker", "sts", "AssumeRole / GetFederationToken", only=3)
    t.rel("broker", "client", "credentials or console URL", only=3)
    t.rel("client", "web_idp", "sign in -> token", only=(4, 5))
    t.rel("client", "sts", "AssumeRoleWithWebIdentity", only=4, edge_id="client~sts#web")
    t.rel("client", "cip", "token", only=5)
    t.rel("cip", "sts", "get credentials", only=5)
    t.flow("client", "s3", 443, label="access with temporary credentials")
    t.stage("SAML 2.0", "The IdP signs an assertion after checking LDAP; STS trusts the IdP and returns credentials "
            "for the mapped role.", passes=("identity.web_identity_without_cognito",))
    t.stage("ADFS", "Active Directory Federation Services plays the IdP: the same SAML flow, with AD as the store.",
            passes=("identity.web_identity_without_cognito",))
    t.stage("Custom identity broker", "Without SAML, the broker authenticates the user, picks the permissions and "
            "asks STS for credentials itself: more code to own and secure.")
    t.stage("Web identity without Cognito", "The app trades a social login token with STS directly: every app "
            "must manage roles and tokens itself, which AWS discourages.",
            exhibits=("identity.web_identity_without_cognito",))
    t.stage("Web identity through Cognito", "The app hands the token to a Cognito identity pool, which returns "
            "credentials for the pool's role: the recommended way for app users.",
            fixes=("identity.web_identity_without_cognito",))
    return t


BUILDERS = [k7_assume_role, k10_organizations, k11_role_vs_policy, k9_directory_services, k12_sso_ad, k8_federation]


def main() -> int:
    return run(BUILDERS, OUT, sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
