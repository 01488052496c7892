"""PyJWT side of the vector generator. Reads one JSON object per line on stdin.

  python pyjwt_tool.py sign    {"access_key","org_id","secret","iat","exp"} -> {"token"}
  python pyjwt_tool.py verify  {"token","secret","access_key","now","leeway"}
                               -> {"ok": true, "claims": {...}} or {"ok": false, "error": "..."}

`verify` checks signature, alg, audience, issuer, exp and iat at the given `now`
(PyJWT reads the clock through jwt.api_jwt.datetime, which is swapped for a fixed one).
"""

import json
import sys
import warnings

import jwt
import jwt.api_jwt

warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)


def sign(v):
    payload = {
        "iss": "urn:meshes:m2m:" + v["access_key"],
        "aud": "meshes-api",
        "org": v["org_id"],
        "iat": v["iat"],
        "exp": v["exp"],
    }
    token = jwt.encode(payload, v["secret"], algorithm="HS256",
                       headers={"kid": v["access_key"], "typ": "JWT"})
    return {"token": token}


class _FixedClock:
    now_value = 0

    @classmethod
    def now(cls, tz=None):
        return cls

    @classmethod
    def timestamp(cls):
        return float(cls.now_value)


def verify(v):
    _FixedClock.now_value = v["now"]
    real = jwt.api_jwt.datetime
    jwt.api_jwt.datetime = _FixedClock
    try:
        claims = jwt.decode(
            v["token"], v["secret"], algorithms=["HS256"],
            audience="meshes-api", issuer="urn:meshes:m2m:" + v["access_key"],
            leeway=v["leeway"],
            options={"require": ["iss", "aud", "iat", "exp"]},
        )
        return {"ok": True, "claims": claims}
    except jwt.PyJWTError as e:
        return {"ok": False, "error": type(e).__name__ + ": " + str(e)}
    finally:
        jwt.api_jwt.datetime = real


def main():
    op = {"sign": sign, "verify": verify}[sys.argv[1]]
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(op(json.loads(line))), flush=False)


if __name__ == "__main__":
    main()
