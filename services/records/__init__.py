"""Records service (/records/v1): elders, elder-card applications, allowances,
institutions, meal sites. Also serves the policy router (/policy/v1)."""
