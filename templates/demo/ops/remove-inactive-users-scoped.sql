-- Asked: "remove users who haven't logged in for 90 days" (scoped version).
--
-- Scoping, and why:
--   * kind = 'human' only: service accounts (e.g. monitoring) authenticate with
--     API tokens, never interactively, so last_login_at says nothing about
--     whether they are in use.
--   * inactive = last interactive login more than 90 days ago; a user who
--     never logged in counts only if the account itself is older than 90 days
--     (someone who signed up yesterday is not "inactive").
--   * NOT EXISTS orders: users.id cascades into orders, order_items and
--     payments, i.e. billing history. Users with orders are left alone.
-- What it may still remove, by cascade: the deleted users' sessions and
-- api_tokens. The audit trigger writes one user_deletions row per user.
BEGIN;

DELETE FROM public.users u
WHERE u.kind = 'human'
  AND coalesce(u.last_login_at, u.created_at) < now() - interval '90 days'
  AND NOT EXISTS (SELECT 1 FROM public.orders o WHERE o.user_id = u.id);

COMMIT;
