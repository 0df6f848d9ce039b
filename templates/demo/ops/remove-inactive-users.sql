-- Asked: "remove users who haven't logged in for 90 days".
DELETE FROM users
WHERE last_login_at < now() - interval '90 days'
   OR last_login_at IS NULL;
