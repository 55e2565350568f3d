"""Instances, NAT gateways, Elastic IPs, launch templates, Auto Scaling groups, load balancers, Lambda."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.io.cfn_export.base import LAMBDA_CODE, TemplateBuilder, get_att, ref
from cloudwright.engine.model.diagram import Node, typed_props

LISTENER_V2 = {"HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"}


class ComputeKinds(TemplateBuilder):
    def _ec2(self, node: Node) -> bool:
        props = typed_props(node)
        if props.member_of and self.kind(props.member_of) == "asg":
            return True  # the Auto Scaling group launches it
        values: dict[str, Any] = {"ImageId": self.ami(node), "InstanceType": props.instance_type}
        subnets, groups = self.subnet_refs(node), self.sg_list(props.security_groups)
        if props.public_ip is not None:
            interface: dict[str, Any] = {"DeviceIndex": "0", "AssociatePublicIpAddress": props.public_ip}
            if subnets:
                interface["SubnetId"] = subnets[0]
            if groups:
                interface["GroupSet"] = groups
            values["NetworkInterfaces"] = [interface]
        else:
            if subnets:
                values["SubnetId"] = subnets[0]
            if groups:
                values["SecurityGroupIds"] = groups
        if not props.source_dest_check and props.public_ip is None:
            values["SourceDestCheck"] = False
        values["Tags"] = self.tags(node)
        self.add(self.lid(node.id), "AWS::EC2::Instance", values)
        return True

    _nat_instance = _ec2

    def _elastic_ip(self, node: Node) -> bool:
        holder = typed_props(node).associated_with
        values: dict[str, Any] = {"Domain": "vpc"}
        if holder and self.kind(holder) in ("ec2", "nat_instance"):
            values["InstanceId"] = ref(self.lid(holder))
        self.add(self.lid(node.id), "AWS::EC2::EIP", values)
        return True

    def _nat_gateway(self, node: Node) -> bool:
        props = typed_props(node)
        values: dict[str, Any] = {"SubnetId": (self.subnet_refs(node) or [None])[0]}
        if props.connectivity == "private":
            values["ConnectivityType"] = "private"
        else:
            eip = next((n.id for n in self.index.of_kind("elastic_ip")
                        if typed_props(n).associated_with == node.id), None)
            if eip is None:
                eip_id = f"{self.lid(node.id)}EIP"
                self.add(eip_id, "AWS::EC2::EIP", {"Domain": "vpc"})
            else:
                eip_id = self.lid(eip)
            values["AllocationId"] = get_att(eip_id, "AllocationId")
        values["Tags"] = self.tags(node)
        self.add(self.lid(node.id), "AWS::EC2::NatGateway", values)
        return True

    def _launch_template(self, node: Node) -> bool:
        data: dict[str, Any] = {"ImageId": self.ami(node),
                                "InstanceType": str(node.props.get("instance_type") or "t3.micro")}
        self.add(self.lid(node.id), "AWS::EC2::LaunchTemplate", {"LaunchTemplateData": data})
        return True

    def _asg(self, node: Node) -> bool:
        props = typed_props(node)
        members = [self.diagram.nodes[m] for m in self.index.asg_members(node.id)]
        subnets = [s for s in props.subnets if self.kind(s) == "subnet"] or list(dict.fromkeys(
            s.id for m in members if (s := self.index.subnet_of(m.id)) is not None)) or [
            s for s in self.subnets_of(node)]
        groups = self.sg_list(props.security_groups or (typed_props(members[0]).security_groups if members else []))
        template = self.lid(props.launch_template) if props.launch_template else f"{self.lid(node.id)}LaunchTemplate"
        if not props.launch_template:
            data: dict[str, Any] = {"ImageId": self.ami(node), "InstanceType": props.instance_type}
            if props.public_ip is not None:
                data["NetworkInterfaces"] = [{"DeviceIndex": 0, "AssociatePublicIpAddress": props.public_ip,
                                              "Groups": groups}]
            elif groups:
                data["SecurityGroupIds"] = groups
            self.add(template, "AWS::EC2::LaunchTemplate", {"LaunchTemplateData": data})
        values: dict[str, Any] = {
            "LaunchTemplate": {"LaunchTemplateId": ref(template),
                               "Version": get_att(template, "LatestVersionNumber")},
            "MinSize": str(props.min), "MaxSize": str(max(props.max, props.min)),
            "DesiredCapacity": str(min(max(props.desired, props.min), max(props.max, props.min))),
            "HealthCheckType": props.health_check_type}
        vpc_subnets = [ref(self.lid(s)) for s in subnets if not self.in_default_vpc(s)]
        if vpc_subnets:
            values["VPCZoneIdentifier"] = vpc_subnets
        else:
            values["AvailabilityZones"] = {"Fn::GetAZs": ""}
        groups_arns = [ref(self.lid(t)) for t in props.load_balancers if self.kind(t) == "target_group"]
        names = [ref(self.lid(t)) for t in props.load_balancers if self.kind(t) == "clb"]
        if groups_arns:
            values["TargetGroupARNs"] = groups_arns
        if names:
            values["LoadBalancerNames"] = names
        self.add(self.lid(node.id), "AWS::AutoScaling::AutoScalingGroup", values)
        return True

    def _alb(self, node: Node) -> bool:
        return self._load_balancer(node, "application")

    def _nlb(self, node: Node) -> bool:
        return self._load_balancer(node, "network")

    def _load_balancer(self, node: Node, lb_type: str) -> bool:
        props = typed_props(node)
        balancer = self.lid(node.id)
        values: dict[str, Any] = {"Type": lb_type, "Scheme": props.scheme, "Subnets": self.subnet_refs(node)}
        if lb_type == "application" and props.security_groups:
            values["SecurityGroups"] = self.sg_list(props.security_groups)
        self.add(balancer, "AWS::ElasticLoadBalancingV2::LoadBalancer", values)
        for listener in props.listeners:
            protocol = listener.protocol if listener.protocol in LISTENER_V2 else "HTTP"
            entry: dict[str, Any] = {"LoadBalancerArn": ref(balancer), "Port": listener.port, "Protocol": protocol}
            if listener.target_group and self.kind(listener.target_group) == "target_group":
                entry["DefaultActions"] = [{"Type": "forward", "TargetGroupArn": ref(self.lid(listener.target_group))}]
            elif listener.redirect_to_https and lb_type == "application":
                entry["DefaultActions"] = [{"Type": "redirect", "RedirectConfig": {
                    "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]
            elif lb_type == "application":
                entry["DefaultActions"] = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]
            else:
                continue
            if protocol in ("HTTPS", "TLS"):
                entry["Certificates"] = [{"CertificateArn": self.certificate(listener.certificate)}]
            self.add(f"{balancer}Listener{listener.port}", "AWS::ElasticLoadBalancingV2::Listener", entry)
        return True

    def certificate(self, given: str | None) -> Any:
        if given and given.startswith("arn:"):
            return given
        self.parameters["CertificateArn"] = {"Type": "String", "Description": "ACM certificate for HTTPS/TLS"}
        return ref("CertificateArn")

    def _target_group(self, node: Node) -> bool:
        props = typed_props(node)
        nlb = any(typed_props(b).listeners and any(lst.target_group == node.id for lst in typed_props(b).listeners)
                  for b in self.index.of_kind("nlb"))
        values: dict[str, Any] = {"TargetType": props.target_type}
        if props.target_type != "lambda":
            values.update(Port=props.port, Protocol="TCP" if nlb else (
                props.protocol if props.protocol in ("HTTP", "HTTPS") else "HTTP"))
            if (vpc := self.vpc_ref(node.id)) is not None:
                values["VpcId"] = vpc
            if props.health_check is not None and not nlb:
                values["HealthCheckPath"] = props.health_check.path
        targets = [{"Id": ref(self.lid(t))} for t in props.targets if self.kind(t) in ("ec2",)
                   and not typed_props(self.diagram.nodes[t]).member_of]
        if targets and props.target_type == "instance":
            values["Targets"] = targets
        self.add(self.lid(node.id), "AWS::ElasticLoadBalancingV2::TargetGroup", values)
        return True

    def _clb(self, node: Node) -> bool:
        props = typed_props(node)
        listeners = []
        for listener in props.listeners:
            protocol = listener.protocol if listener.protocol in ("HTTP", "HTTPS", "TCP", "SSL") else "HTTP"
            entry: dict[str, Any] = {"LoadBalancerPort": str(listener.port),
                                     "InstancePort": str(listener.target_port or props.target_port or listener.port),
                                     "Protocol": protocol}
            if protocol in ("HTTPS", "SSL"):
                entry["SSLCertificateId"] = self.certificate(listener.certificate)
            listeners.append(entry)
        values: dict[str, Any] = {"Listeners": listeners or [
            {"LoadBalancerPort": "80", "InstancePort": "80", "Protocol": "HTTP"}], "Scheme": props.scheme}
        subnets = self.subnet_refs(node)
        if subnets:
            values["Subnets"] = subnets
        else:
            values["AvailabilityZones"] = {"Fn::GetAZs": ""}
        if props.security_groups:
            values["SecurityGroups"] = self.sg_list(props.security_groups)
        instances = [ref(self.lid(t)) for t in props.targets if self.kind(t) == "ec2"
                     and not typed_props(self.diagram.nodes[t]).member_of]
        if instances:
            values["Instances"] = instances
        self.add(self.lid(node.id), "AWS::ElasticLoadBalancing::LoadBalancer", values)
        return True

    _elb = _clb

    def _lambda(self, node: Node) -> bool:
        props = typed_props(node)
        role = self.lambda_role(bool(props.subnets))
        runtime = props.runtime if props.runtime.startswith(("python", "nodejs")) else "python3.12"
        values: dict[str, Any] = {
            "Runtime": runtime, "Handler": "index.handler", "Role": get_att(role, "Arn"),
            "Code": {"ZipFile": LAMBDA_CODE if runtime.startswith("python") else
                     "exports.handler = async () => ({statusCode: 200});\n"},
            "MemorySize": props.memory_mb, "Timeout": props.timeout_s}
        subnets = [ref(self.lid(s)) for s in props.subnets if self.kind(s) == "subnet" and not self.in_default_vpc(s)]
        if subnets:
            values["VpcConfig"] = {"SubnetIds": subnets, "SecurityGroupIds": self.sg_list(props.security_groups)}
        if props.reserved_concurrency is not None:
            values["ReservedConcurrentExecutions"] = props.reserved_concurrency
        self.add(self.lid(node.id), "AWS::Lambda::Function", values)
        return True

    def lambda_role(self, in_vpc: bool) -> str:
        """One execution role shared by the exported functions (VPC access added when one needs it)."""
        role = "LambdaExecutionRole"
        policies = self.resources.get(role, {}).get("Properties", {}).get("ManagedPolicyArns", [
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"])
        if in_vpc:
            vpc_policy = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
            policies = policies if vpc_policy in policies else [*policies, vpc_policy]
        self.add(role, "AWS::IAM::Role", {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "ManagedPolicyArns": policies})
        return role
