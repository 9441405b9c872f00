#!/usr/bin/env bash
# A modest, scripted mix of mini-program traffic against the demo (mvn -Pdemo verify), so that
# the panels of keycloak-wechat.json have something to show: returning and first code logins,
# replayed codes (invalid_grant), WeChat busy (-1) with the client retrying the same code,
# WeChat refusing a code (40029) and a high-risk user (40226), the demo child refused by the
# guardian policy, WeCom logins (one member disabled), phone numbers at first login, /wechat
# calls, and (once, half-way) a burst that runs into the abuse limits.
#
#   docs/grafana/traffic.sh                     # 6 minutes against the demo's default ports
#   KC=http://localhost:18080 SIM=http://127.0.0.1:18099 DURATION=420 docs/grafana/traffic.sh
#
# KC: Keycloak's base URL; SIM: the WeChat simulator's; DURATION: seconds; PAUSE: seconds
# between rounds; BURST=false leaves the abuse-limit burst out (it shuts this address out of
# the realm's code logins for the rest of a limit window, up to a minute: that is the point).
# Needs bash and curl only.
set -u

KC=${KC:-http://localhost:8080}
SIM=${SIM:-http://127.0.0.1:8500}
DURATION=${DURATION:-360}
PAUSE=${PAUSE:-1}
BURST=${BURST:-true}
TOKEN_URL="$KC/realms/wechat-demo/protocol/openid-connect/token"
GRANT=urn:kcwechat:params:oauth:grant-type:mini-program-code
RUN=$(date +%s)
USERS=(alice bob carol dave erin frank grace heidi)

# code_login CLIENT CODE [extra curl args...]: prints "HTTP_STATUS BODY"
code_login() {
    local client=$1 code=$2
    shift 2
    curl -s -w ' %{http_code}' "$TOKEN_URL" -d grant_type=$GRANT -d client_id="$client" \
        -d scope=openid --data-urlencode code="$code" "$@" | awk '{s=$NF; $NF=""; print s, $0}'
}

wx_login() { curl -s "$SIM/sim/wx.login?user=$1${2:-}"; }

declare -A seen=()
report() { seen[$1]=$(( ${seen[$1]:-0} + 1 )); }

end=$(( $(date +%s) + DURATION ))
half=$(( $(date +%s) + DURATION / 2 ))
round=0
burst_done=false
while [ "$(date +%s)" -lt "$end" ]; do
    round=$(( round + 1 ))

    # returning users: one or two a round
    for _ in $(seq $(( RANDOM % 2 + 1 ))); do
        user=${USERS[RANDOM % ${#USERS[@]}]}
        code=$(wx_login "$user")
        answer=$(code_login mini-program "$code")
        report "returning ${answer%% *}"
        # now and then the mini-program replays the code it just used
        if [ $(( RANDOM % 6 )) -eq 0 ]; then
            report "replay $(code_login mini-program "$code" | cut -d' ' -f1)"
        fi
        # and now and then it asks whether the WeChat session still holds
        if [ $(( RANDOM % 4 )) -eq 0 ]; then
            at=$(printf '%s' "$answer" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
            [ -n "$at" ] && report "session $(curl -s -o /dev/null -w '%{http_code}' \
                "$KC/realms/wechat-demo/wechat/session" -H "Authorization: Bearer $at")"
        fi
    done

    # a first login every few rounds, with the phone number button every other time
    if [ $(( round % 5 )) -eq 0 ]; then
        user="new-$RUN-$round"
        if [ $(( round % 10 )) -eq 0 ]; then
            phone=$(curl -s "$SIM/sim/phone?number=139$(printf '%08d' $(( (RUN + round) % 100000000 )))")
            report "first+phone $(code_login mini-program "$(wx_login "$user")" --data-urlencode phone_code="$phone" | cut -d' ' -f1)"
        else
            report "first $(code_login mini-program "$(wx_login "$user")" | cut -d' ' -f1)"
        fi
    fi

    # WeChat busy (-1) once for a code: 503, and the client retries the same code
    if [ $(( round % 7 )) -eq 0 ]; then
        code=$(wx_login "${USERS[RANDOM % ${#USERS[@]}]}" '&errcode=-1&times=1')
        report "busy $(code_login mini-program "$code" | cut -d' ' -f1)"
        sleep 0.3
        report "busy-retry $(code_login mini-program "$code" | cut -d' ' -f1)"
    fi

    # WeChat refuses a code (40029), or says the user is high-risk (40226)
    if [ $(( round % 11 )) -eq 0 ]; then
        report "40029 $(code_login mini-program "$(wx_login bob '&errcode=40029')" | cut -d' ' -f1)"
    fi
    if [ $(( round % 17 )) -eq 0 ]; then
        report "40226 $(code_login mini-program "$(wx_login mallory '&errcode=40226')" | cut -d' ' -f1)"
    fi

    # the demo child, born 2016, without a guardian's approval: refused by the guardian policy
    if [ $(( round % 8 )) -eq 0 ]; then
        report "child $(code_login mini-program "$(wx_login xiaoming)" | cut -d' ' -f1)"
    fi

    # WeCom: the demo corp's employee, and its disabled member
    if [ $(( round % 4 )) -eq 0 ]; then
        report "wecom $(code_login wecom-mini-program-app "$(curl -s "$SIM/sim/wx.qy.login?user=zhangsan")" | cut -d' ' -f1)"
    fi
    if [ $(( round % 13 )) -eq 0 ]; then
        report "wecom-disabled $(code_login wecom-mini-program-app "$(curl -s "$SIM/sim/wx.qy.login?user=wangwu")" | cut -d' ' -f1)"
    fi

    # once, half-way: one user polls /wechat/session past callsPerUser, and this address sends
    # unknown codes past failedCodesPerIp (then it is shut out of code logins for the window)
    if [ "$BURST" = true ] && [ "$burst_done" = false ] && [ "$(date +%s)" -ge "$half" ]; then
        burst_done=true
        at=$(code_login mini-program "$(wx_login heidi)" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
        for _ in $(seq 35); do
            report "burst-session $(curl -s -o /dev/null -w '%{http_code}' \
                "$KC/realms/wechat-demo/wechat/session" -H "Authorization: Bearer $at")"
        done
        for i in $(seq 34); do
            report "burst-code $(code_login mini-program "unknown-code-$RUN-$i" | cut -d' ' -f1)"
        done
    fi

    sleep "$PAUSE"
done

echo "rounds: $round"
for key in "${!seen[@]}"; do echo "$key: ${seen[$key]}"; done | sort
