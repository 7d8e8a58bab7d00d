using Recert.Api.Domain;
using Recert.Api.Features.Sessions;
using Recert.Tests.Support;

namespace Recert.Tests.Domain;

public sealed class PasswordPolicyTests
{
    static readonly PasswordPolicy Policy = CommonPasswords.Policy();

    [TestCase("abcdefghijk", false, "password.length", TestName = "11 characters: one short")]
    [TestCase("abcdefghijkl", false, null, TestName = "12 characters: the certificant minimum")]
    [TestCase("abcdefghijklmn", true, "password.length", TestName = "14 characters: short for staff")]
    [TestCase("abcdefghijklmno", true, null, TestName = "15 characters: the staff minimum")]
    [TestCase("éèêëāăąēĕėęěĩī", false, null, TestName = "14 accented letters count one each")]
    [TestCase("😀😀😀😀😀😀😀😀😀😀😀", false, "password.length", TestName = "11 emoji (22 UTF-16 units) are 11 characters")]
    [TestCase("😀😀😀😀😀😀😀😀😀😀😀😀", false, null, TestName = "12 emoji are 12 characters")]
    [TestCase("zzzzzzzzzzzz", false, null, TestName = "no composition rules: one repeated letter is allowed by length")]
    [TestCase("correct horse battery", false, null, TestName = "spaces are allowed")]
    [TestCase("password1234", false, "password.common", TestName = "a breached password")]
    [TestCase("PASSWORD1234", false, "password.common", TestName = "a breached password in capitals")]
    [TestCase("qwerty123456", true, "password.length", TestName = "length is checked first for staff")]
    [TestCase("my-dana.rivera-pass", false, "password.contains-email", TestName = "contains the local part")]
    [TestCase("my-DANA.RIVERA-pass", false, "password.contains-email", TestName = "contains the local part in capitals")]
    [TestCase("my-dana-rivera-pass", false, null, TestName = "close to the local part is not the local part")]
    public void Checks(string password, bool staff, string? refusal)
        => Assert.That(Policy.Check(password, "dana.rivera@example.test", staff)?.Code, Is.EqualTo(refusal));

    [Test]
    public void Up_to_128_characters()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Policy.Check(new string('k', 127) + "q", "a@b.c", staff: true), Is.Null);
            Assert.That(Policy.Check(new string('k', 128) + "q", "a@b.c", staff: true)?.Code, Is.EqualTo("password.length"));
        });
    }

    [TestCase("jo@example.test", "jojojojojojojo", null, TestName = "a local part of two letters is not checked")]
    [TestCase("joe@example.test", "i-am-joe-really", "password.contains-email", TestName = "a local part of three letters is")]
    public void Short_local_parts(string email, string password, string? refusal)
        => Assert.That(Policy.Check(password, email, staff: false)?.Code, Is.EqualTo(refusal));

    [Test]
    public void The_shipped_list_has_at_least_ten_thousand_common_passwords()
    {
        Assert.That(CommonPasswords.All, Has.Count.GreaterThanOrEqualTo(10_000));
        Assert.That(CommonPasswords.All, Does.Contain("123456").And.Contain("iloveyou").And.Contain("qwerty123456"));
    }
}

/// <summary>The web client tells people the policy before they choose (sign-up said "at least 10" while 12 were required).</summary>
public sealed class PasswordHintsTests
{
    [Test]
    public void The_web_clients_password_hints_state_this_policy()
    {
        var hints = RepositoryFiles.ReadAllText("web-client", "src", "lib", "passwordHints.ts");
        Assert.Multiple(() =>
        {
            Assert.That(hints, Does.Contain($"At least {PasswordPolicy.MinimumLength} characters ({PasswordPolicy.StaffMinimumLength} for staff), up to {PasswordPolicy.MaximumLength}."));
            Assert.That(hints, Does.Contain($"At least {PasswordPolicy.MinimumLength} characters, up to {PasswordPolicy.MaximumLength}."));
        });
        foreach (var page in new[] { "SignUp.tsx", "Passwords.tsx", Path.Combine("provider", "AcceptInvitation.tsx") })
        {
            Assert.That(RepositoryFiles.ReadAllText("web-client", "src", "pages", page), Does.Not.Match(@"\d+ characters"), $"{page} takes its hint from passwordHints.ts");
        }
    }
}
