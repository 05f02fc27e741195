"""The organizers' side: the admin chat, who may moderate, approvals, takedown, bans,
pausing, stats, settings, and the audit of every such action."""
