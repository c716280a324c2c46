#!/usr/bin/env bash
# 2026-11-25
#
# postfix.sh: a private Postfix instance for the milter tests, in a
# directory of its own, never the system's mail.
#
#   postfix.sh setup DIR SMTP_PORT MILTER_PORT   write DIR/etc, start it
#   postfix -c DIR/etc stop                      stop it (run.sh's trap)
#
# smtpd listens on 127.0.0.1:SMTP_PORT only and hands every message to the
# milter at 127.0.0.1:MILTER_PORT (domatd), failing closed
# (milter_default_action = tempfail). Mail to inbox@domat.test is delivered
# by virtual(8) into the Maildir DIR/mail/inbox/, as user nobody; nothing is
# relayed anywhere. Logs go to DIR/maillog.
set -eu
[ "$1" = setup ] || { echo "usage: postfix.sh setup DIR SMTP_PORT MILTER_PORT" >&2; exit 2; }
dir=$2
smtp_port=$3
milter_port=$4
mkdir -p "$dir/etc" "$dir/queue" "$dir/data" "$dir/mail"
chmod 755 "$dir" "$dir/etc" "$dir/mail"
chown nobody:nogroup "$dir/mail"
chown postfix:postfix "$dir/data"

# master.cf: Debian's, with smtpd moved to the test port and no chroot
# (a chroot would need copies of /etc files in the queue directory).
sed -e 's/^smtp \( *\)inet /#smtp\1inet /' /etc/postfix/master.cf > "$dir/etc/master.cf"
printf '127.0.0.1:%s inet n - n - - smtpd\n' "$smtp_port" >> "$dir/etc/master.cf"
grep -q '^postlog' "$dir/etc/master.cf" ||
    printf 'postlog unix-dgram n - n - 1 postlogd\n' >> "$dir/etc/master.cf"

uid=$(id -u nobody)
gid=$(id -g nobody)
cat > "$dir/etc/main.cf" <<EOF
# private instance for domatd's milter tests (tests/daemon/postfix.sh)
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = domat-test.localdomain
mydomain = localdomain
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
relay_domains =
relayhost =
default_transport = error:this test instance relays nothing
virtual_mailbox_domains = domat.test
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = inline:{ inbox@domat.test=inbox/ }
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid
virtual_minimum_uid = 1
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
smtpd_milters = inet:127.0.0.1:$milter_port
non_smtpd_milters =
milter_default_action = tempfail
milter_protocol = 6
milter_connect_timeout = 5s
milter_content_timeout = 60s
smtpd_banner = \$myhostname ESMTP domat-test
biff = no
append_dot_mydomain = no
smtputf8_enable = no
alias_maps =
alias_database =
local_recipient_maps =
message_size_limit = 52428800
virtual_mailbox_limit = 104857600
# quick retries are not needed: nothing is deferred on purpose
queue_run_delay = 300s
EOF
postfix -c "$dir/etc" check
postfix -c "$dir/etc" start
for _ in $(seq 1 50); do
    if python3 -c "import socket,sys; s=socket.create_connection(('127.0.0.1',$smtp_port),1); sys.exit(0 if s.recv(100).startswith(b'220') else 1)" 2>/dev/null; then
        exit 0
    fi
    sleep 0.2
done
echo "postfix did not answer on 127.0.0.1:$smtp_port" >&2
tail -20 "$dir/maillog" >&2 || true
exit 1
